/** Fixed secrets for tests, so tokens made in a test verify in the service under test. */
export const testSecrets = {
  CHORUS_JWT_SECRET: 'test-jwt-secret-0123456789abcdefghijklmnop',
  CHORUS_INTERNAL_SECRET: 'test-internal-secret-0123456789abcdefghij',
} as const;
