import {
  chorusError,
  ErrorCode,
  isRecordNotFound,
  isUniqueViolation,
  requireId,
  requireText,
  requireUser,
  type Prisma,
} from '@chorus/runtime';
import type { MutationResolvers } from '../generated/resolvers-types.ts';
import { requireHandle } from '../handles.ts';

export const displayNameRule = { field: 'displayName', min: 1, max: 64 };
export const bioRule = { field: 'bio', min: 0, max: 280 };

export const Mutation: MutationResolvers = {
  async signUp(_parent, { input }, { db }) {
    const { handle, key } = requireHandle(input.handle);
    const displayName = requireText(input.displayName, displayNameRule);
    try {
      return await db.user.create({ data: { handle, handleKey: key, displayName } });
    } catch (error) {
      // The unique index decides races: of two concurrent sign-ups, one wins.
      if (isUniqueViolation(error)) throw chorusError(ErrorCode.Conflict, 'That handle is taken.', { field: 'handle' });
      throw error;
    }
  },

  async updateProfile(_parent, { input }, context) {
    const viewerId = requireUser(context);
    const data: Prisma.UserUpdateInput = {};
    if (input.displayName != null) data.displayName = requireText(input.displayName, displayNameRule);
    if (input.bio != null) data.bio = requireText(input.bio, bioRule);
    if (input.avatarId !== undefined) {
      data.avatarMediaId = input.avatarId === null ? null : requireId(input.avatarId, 'avatarId');
    }
    try {
      return await context.db.user.update({ where: { id: viewerId }, data });
    } catch (error) {
      if (isRecordNotFound(error)) {
        throw chorusError(ErrorCode.NotFound, 'Your account was not found.');
      }
      throw error;
    }
  },
};
