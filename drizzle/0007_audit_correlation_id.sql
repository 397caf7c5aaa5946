-- The client's own id for a request is kept apart from request_id, which from now on is always
-- the server's (rows written before this migration may hold a client's x-request-id there).
ALTER TABLE "audit_event" ADD COLUMN "correlation_id" text;