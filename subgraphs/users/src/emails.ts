import { badUserInput } from '@chorus/runtime';

// Deliberately loose: the only real check of an address is a mail to it.
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;

export function emailKey(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase();
}

export function requireEmail(input: string): { email: string; key: string } {
  const email = input.normalize('NFKC').trim();
  // eslint-disable-next-line no-control-regex
  if (email.length > 254 || !emailPattern.test(email) || /[\u0000-\u001F\u007F]/.test(email)) {
    throw badUserInput('email is not a valid address.', 'email');
  }
  return { email, key: emailKey(email) };
}
