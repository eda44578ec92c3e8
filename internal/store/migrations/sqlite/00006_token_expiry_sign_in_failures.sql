-- +goose Up
-- Every API token expires. Tokens made before this migration work for a year from now, so
-- that no program stops without warning; new ones get the date their owner chooses. A row
-- written without a date ('') counts as expired.
ALTER TABLE api_tokens ADD COLUMN expires_at text NOT NULL DEFAULT '';
UPDATE api_tokens SET expires_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+1 year');

-- Failed sign-ins by the address tried (with or without an account) and the client address
-- they came from: the slowdown that replaces the account lock (DECISIONS.md, "Sign-in: a
-- slowdown, not an account lock"). count is the client's failures since it last kept quiet
-- for the window; a sign-in that succeeds removes the client's row.
CREATE TABLE sign_in_failures (
    email   text NOT NULL,
    client  text NOT NULL,
    count   INTEGER NOT NULL,
    last_at text NOT NULL,
    PRIMARY KEY (email, client)
);
CREATE INDEX sign_in_failures_last ON sign_in_failures(last_at);
-- The counters of the account lock it replaces.
DELETE FROM rate_limits WHERE key LIKE 'signin:account:%';

-- +goose Down
DROP TABLE sign_in_failures;
ALTER TABLE api_tokens DROP COLUMN expires_at;
