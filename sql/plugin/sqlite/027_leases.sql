-- Work that one host instance at a time does, by name (storage/Lease.h): "account:<id>" for the
-- sender of an account (campaigns_account_leases before) and "webhook-backlog" for applying the
-- stored webhook events, which two instances applied side by side and collided on. Leases held at
-- the upgrade are carried over; an instance still running the previous version stops sending at
-- its next renewal (its table is gone) rather than sending beside the new holder.
CREATE TABLE campaigns_leases (
  name TEXT NOT NULL PRIMARY KEY,
  owner TEXT NOT NULL,
  lease_until TEXT NOT NULL
);
INSERT INTO campaigns_leases (name, owner, lease_until)
  SELECT 'account:' || account_id, owner, lease_until FROM campaigns_account_leases;
DROP TABLE campaigns_account_leases;
