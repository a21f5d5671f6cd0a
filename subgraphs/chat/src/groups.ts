import { badUserInput, chorusError, ErrorCode, forbidden, notFound, requireId, requireText, type Transaction } from '@chorus/runtime';
import type { ChatContext } from './context.ts';
import type { ConversationRow, MembershipRow } from './mappers.ts';
import { requireMembership } from './access.ts';
import { recordChange } from './changes.ts';
import { changeConversation } from './chat-services.ts';

export const maxGroupMembers = 500;
const titleRule = { field: 'title', min: 1, max: 100 };
type Role = MembershipRow['role'];

function requireUserIds(ids: readonly string[], field: string, self: string): string[] {
  if (ids.length > maxGroupMembers) throw chorusError(ErrorCode.GroupFull, `A group holds at most ${maxGroupMembers} members.`);
  const unique = [...new Set(ids.map((id) => requireId(id, field)))];
  if (unique.includes(self)) throw badUserInput('You are already in the group.', field);
  return unique;
}

async function requireNoBlocks(tx: Transaction, viewerId: string, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  const blocked = await tx.chatBlock.count({
    where: {
      OR: [
        { blockerId: viewerId, blockedId: { in: userIds } },
        { blockedId: viewerId, blockerId: { in: userIds } },
      ],
    },
  });
  if (blocked > 0) throw forbidden('You cannot add a user you blocked or who blocked you.');
}

/** The group with the caller's membership, for group-only operations. */
async function requireGroup(context: ChatContext, conversationId: string, roles: Role[]): Promise<MembershipRow> {
  const id = requireId(conversationId, 'conversationId');
  const membership = await requireMembership(context, id);
  const conversation = await context.loaders.conversationById.load(id);
  if (conversation?.kind !== 'GROUP') throw badUserInput('This is not a group.', 'conversationId');
  if (!roles.includes(membership.role)) throw forbidden(`Only ${roles.join(' or ').toLowerCase()}s may do this.`);
  return membership;
}

/** Members are counted under the conversation's row lock (taken by recordChange), so two adds cannot overshoot. */
async function requireRoom(tx: Transaction, conversationId: string, adding: number): Promise<void> {
  const count = await tx.conversationMember.count({ where: { conversationId } });
  if (count + adding > maxGroupMembers) {
    throw chorusError(ErrorCode.GroupFull, `A group holds at most ${maxGroupMembers} members; it has ${count}.`, {
      maxMembers: maxGroupMembers,
    });
  }
}

function fresh(context: ChatContext, conversationId: string): Promise<ConversationRow> {
  context.loaders.conversationById.clear(conversationId);
  context.loaders.memberIds.clear(conversationId);
  context.loaders.viewerMembership.clear(conversationId);
  return context.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
}

export async function createGroup(context: ChatContext, viewerId: string, title: string, memberIds: readonly string[]) {
  const name = requireText(title, titleRule);
  const others = requireUserIds(memberIds, 'memberIds', viewerId);
  if (others.length + 1 > maxGroupMembers) {
    throw chorusError(ErrorCode.GroupFull, `A group holds at most ${maxGroupMembers} members.`, { maxMembers: maxGroupMembers });
  }
  const { id } = await context.db.conversation.create({ data: { kind: 'GROUP', title: name }, select: { id: true } });
  // The empty group is invisible until this commits: nobody is a member yet.
  await changeConversation(context.services, id, async (tx) => {
    await requireNoBlocks(tx, viewerId, others);
    await tx.conversationMember.createMany({
      data: [{ conversationId: id, userId: viewerId, role: 'OWNER' }, ...others.map((userId) => ({ conversationId: id, userId }))],
    });
    await recordChange(tx, id, 'MEMBER_JOINED', { userId: viewerId });
  }).catch(async (error: unknown) => {
    await context.db.conversation.delete({ where: { id } }).catch(() => {});
    throw error;
  });
  return fresh(context, id);
}

export async function addGroupMembers(context: ChatContext, conversationId: string, userIds: readonly string[]) {
  const membership = await requireGroup(context, conversationId, ['OWNER', 'ADMIN']);
  const id = membership.conversationId;
  const wanted = requireUserIds(userIds, 'userIds', membership.userId);
  await changeConversation(context.services, id, async (tx) => {
    await requireNoBlocks(tx, membership.userId, wanted);
    const existing = new Set(
      (await tx.conversationMember.findMany({ where: { conversationId: id, userId: { in: wanted } }, select: { userId: true } })).map(
        (row) => row.userId,
      ),
    );
    const added = wanted.filter((userId) => !existing.has(userId));
    if (added.length === 0) return;
    // One change for the batch: a per-member change would copy members × added entries.
    await recordChange(tx, id, 'MEMBER_JOINED', added.length === 1 ? { userId: added[0]! } : {});
    await requireRoom(tx, id, added.length);
    await tx.conversationMember.createMany({ data: added.map((userId) => ({ conversationId: id, userId })) });
  });
  return fresh(context, id);
}

async function removeMember(context: ChatContext, conversationId: string, userId: string, successor: boolean): Promise<void> {
  await changeConversation(context.services, conversationId, async (tx) => {
    await recordChange(tx, conversationId, 'MEMBER_LEFT', { userId });
    const removed = await tx.conversationMember.delete({ where: { conversationId_userId: { conversationId, userId } } });
    if (successor && removed.role === 'OWNER') {
      const heir = await tx.conversationMember.findFirst({
        where: { conversationId },
        orderBy: [{ role: 'asc' }, { joinedAt: 'asc' }, { userId: 'asc' }],
      });
      if (heir) await tx.conversationMember.update({ where: { conversationId_userId: { conversationId, userId: heir.userId } }, data: { role: 'OWNER' } });
    }
  });
}

export async function removeGroupMember(context: ChatContext, conversationId: string, userId: string) {
  const membership = await requireGroup(context, conversationId, ['OWNER', 'ADMIN']);
  const id = membership.conversationId;
  const target = requireId(userId, 'userId');
  if (target === membership.userId) throw badUserInput('Use leaveGroup to leave.', 'userId');
  const targetMembership = await context.db.conversationMember.findUnique({ where: { conversationId_userId: { conversationId: id, userId: target } } });
  if (targetMembership === null) throw notFound('member');
  if (membership.role === 'ADMIN' && targetMembership.role !== 'MEMBER') throw forbidden('Admins may remove members only.');
  await removeMember(context, id, target, false);
  return fresh(context, id);
}

export async function leaveGroup(context: ChatContext, conversationId: string): Promise<boolean> {
  const membership = await requireGroup(context, conversationId, ['OWNER', 'ADMIN', 'MEMBER']);
  await removeMember(context, membership.conversationId, membership.userId, true);
  context.loaders.viewerMembership.clear(membership.conversationId);
  return true;
}

export async function setMemberRole(context: ChatContext, conversationId: string, userId: string, role: Role) {
  const membership = await requireGroup(context, conversationId, ['OWNER']);
  const id = membership.conversationId;
  const target = requireId(userId, 'userId');
  if (role === 'OWNER') throw badUserInput('A group has one owner; make the member an admin.', 'role');
  if (target === membership.userId) throw badUserInput('The owner stays owner.', 'userId');
  const updated = await context.db.conversationMember.updateMany({ where: { conversationId: id, userId: target }, data: { role } });
  if (updated.count === 0) throw notFound('member');
  return fresh(context, id);
}

export async function renameGroup(context: ChatContext, conversationId: string, title: string) {
  const name = requireText(title, titleRule);
  const membership = await requireGroup(context, conversationId, ['OWNER', 'ADMIN']);
  const id = membership.conversationId;
  await changeConversation(context.services, id, async (tx) => {
    await tx.conversation.update({ where: { id }, data: { title: name } });
    await recordChange(tx, id, 'RENAMED');
  });
  return fresh(context, id);
}
