-- The host instances whose send engine runs, each renewing its row every few seconds (removed on
-- stop): with the account leases they say how many accounts each live instance sends for, so a
-- busy instance lets an idle one take a new account first (docs/scaling.md). An idle instance
-- holds no lease, so without this row the others could not know it is there.
CREATE TABLE campaigns_send_instances (
  owner VARCHAR(64) NOT NULL PRIMARY KEY,
  seen_until DATETIME(3) NOT NULL
) ENGINE=InnoDB;
