-- Idempotency keys are now scoped by the caller's whole identity ("ROLE:SIGNATORY:sub"), not by
-- its sub alone. Keys stored under a bare sub can never be looked up again, nor forgotten by the
-- per-caller expiry: they go.
DELETE FROM "idempotency_key";
