import {
  chorusError,
  ErrorCode,
  isUniqueViolation,
  publishEvent,
  requireId,
  requireText,
  requireUser,
  type Config,
  type Prisma,
} from '@chorus/runtime';
import type { MutationResolvers } from '../generated/resolvers-types.ts';
import { deleteAccount } from '../account-deletion.ts';
import { requireEmail } from '../emails.ts';
import { requireHandle } from '../handles.ts';
import { checkCredentials } from '../login.ts';
import { hashPassword, requirePassword, verifyPassword } from '../passwords.ts';
import { refreshSession, revokeFamily, startSession } from '../sessions.ts';

export const displayNameRule = { field: 'displayName', min: 1, max: 64 };
export const bioRule = { field: 'bio', min: 0, max: 280 };

/** Which unique index a P2002 came from, when Prisma says. */
function violatedField(error: unknown): 'handle' | 'email' {
  const text = JSON.stringify((error as { meta?: unknown }).meta ?? '');
  return text.includes('email') ? 'email' : 'handle';
}

export function createMutation(config: Config): MutationResolvers {
  return {
    async signUp(_parent, { input }, { db }) {
      const { handle, key } = requireHandle(input.handle);
      const email = requireEmail(input.email);
      const password = requirePassword(input.password);
      const displayName = requireText(input.displayName, displayNameRule);
      const passwordHash = await hashPassword(password);
      try {
        const user = await db.$transaction(async (tx) => {
          const created = await tx.user.create({
            data: { handle, handleKey: key, email: email.email, emailKey: email.key, passwordHash, displayName },
          });
          await publishEvent(tx, 'user.created', { userId: created.id, isPrivate: created.isPrivate });
          return created;
        });
        return await startSession(db, user, config);
      } catch (error) {
        // The unique indexes decide races: of two concurrent sign-ups, one wins.
        if (isUniqueViolation(error)) {
          const field = violatedField(error);
          throw chorusError(ErrorCode.Conflict, `That ${field} is taken.`, { field });
        }
        throw error;
      }
    },

    async login(_parent, { input }, { db, clientIp }) {
      const user = await checkCredentials(db, input.login, input.password.slice(0, 1024), clientIp, config.loginBaseDelayMs);
      return startSession(db, user, config);
    },

    refreshSession: (_parent, { refreshToken }, { db }) => refreshSession(db, refreshToken, config),

    async logout(_parent, _args, context) {
      const viewerId = requireUser(context);
      if (context.sessionId !== null) await revokeFamily(context.db, viewerId, context.sessionId);
      return true;
    },

    async updateProfile(_parent, { input }, context) {
      const viewerId = requireUser(context);
      const data: Prisma.UserUpdateInput = {};
      if (input.displayName != null) data.displayName = requireText(input.displayName, displayNameRule);
      if (input.bio != null) data.bio = requireText(input.bio, bioRule);
      if (input.isPrivate != null) data.isPrivate = input.isPrivate;
      if (input.avatarId !== undefined) {
        data.avatarMediaId = input.avatarId === null ? null : requireId(input.avatarId, 'avatarId');
      }
      return context.db.$transaction(async (tx) => {
        const before = await tx.user.findUnique({ where: { id: viewerId } });
        if (before === null || before.deletedAt !== null) throw chorusError(ErrorCode.NotFound, 'Your account was not found.');
        const after = await tx.user.update({ where: { id: viewerId }, data });
        if (after.isPrivate !== before.isPrivate) {
          await publishEvent(tx, 'user.privacy_changed', { userId: viewerId, isPrivate: after.isPrivate });
        }
        await publishEvent(tx, 'user.profile_changed', { userId: viewerId });
        return after;
      });
    },

    async deleteAccount(_parent, { password }, context) {
      const viewerId = requireUser(context);
      const user = await context.db.user.findUnique({ where: { id: viewerId } });
      if (user === null || user.deletedAt !== null || user.passwordHash === null) {
        throw chorusError(ErrorCode.NotFound, 'Your account was not found.');
      }
      if (!(await verifyPassword(password.slice(0, 1024), user.passwordHash))) {
        throw chorusError(ErrorCode.Forbidden, 'The password is incorrect.', { field: 'password' });
      }
      await deleteAccount(context.db, viewerId);
      return true;
    },
  };
}
