-- Copied from the SQL of Sanctum.Api/Features/Conversations (ConversationAccess, ConversationStore, MessageStore) and
-- Features/Blocks/BlockStore.cs: keep in sync with the stores. One statement per line (pgbench), @parameters as
-- :variables. POST /api/conversations/:id/messages into a DM: (no auth lookup: the user's status is cached in process, UserStatusCache), the participant
-- check, the DM's participants, and, in a transaction under the pair's lock,
-- the one-statement insert that re-checks the block (message, bump of conversations.updated_at, the sender's read
-- state, re-read with the sender). DM k (0-based, ids :dmmin + k) is
-- between the seeded users :umin + 2k (the sender here) and :umin + 2k + 1 (bench/run.sh chat_seed).
\set k random(0, :dmn - 1)
\set cid :dmmin + :k
\set uid :umin + 2 * :k
\set other :uid + 1
SELECT c.id, c.is_group, c.created_by, c.sanctum_id, EXISTS (SELECT 1 FROM conversation_participants p WHERE p.conversation_id = c.id AND p.user_id = :uid) AS is_participant FROM conversations c WHERE c.id = :cid AND c.deleted_at IS NULL ;
SELECT user_id FROM conversation_participants WHERE conversation_id = :cid ;
BEGIN ;
SELECT pg_advisory_xact_lock(hashtextextended('social-pair:' || LEAST(:uid, :other) || ':' || GREATEST(:uid, :other), 0)) ;
WITH m AS ( INSERT INTO messages (conversation_id, sender_id, content, message_type, metadata) SELECT :cid, :uid, 'Written by pgbench: a direct message of ordinary length', 'text', '{}'::jsonb WHERE NOT EXISTS ( SELECT 1 FROM user_blocks WHERE (blocker_id = :uid AND blocked_id = :other) OR (blocker_id = :other AND blocked_id = :uid)) RETURNING *), c AS (UPDATE conversations SET updated_at = NOW() WHERE id = :cid), r AS (UPDATE conversation_participants SET last_read_message_id = GREATEST(last_read_message_id, (SELECT id FROM m)), last_read_at = NOW() WHERE conversation_id = :cid AND user_id = :uid) SELECT m.id, m.conversation_id, m.sender_id, m.content, m.message_type, m.metadata::text AS metadata, m.is_read, m.read_at, m.created_at, m.updated_at, u.id, u.username, u.email, u.bio, u.avatar, u.is_admin, u.is_banned, u.banned_at, u.banned_reason, u.banned_by_user_id, u.created_at, u.updated_at FROM m LEFT JOIN users u ON u.id = m.sender_id AND u.deleted_at IS NULL ;
COMMIT ;
