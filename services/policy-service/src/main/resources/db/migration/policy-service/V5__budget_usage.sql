-- What model calls spent per budget owner per UTC day (tokens, micro-USD), shared by every proxy
-- replica: a reservation adds a call's maximum in the same statement that checks the limit, so
-- concurrent calls on any number of replicas cannot overspend; a settlement gives back the unused part.
CREATE TABLE budget_usage (
    budget text   NOT NULL,
    owner  text   NOT NULL,
    day    date   NOT NULL,
    used   bigint NOT NULL CHECK (used >= 0),
    PRIMARY KEY (budget, owner, day)
);
