-- Work that one host instance at a time does, by name (storage/Lease.h): "account:<id>" for the
-- sender of an account (campaigns_account_leases before) and "webhook-backlog" for applying the
-- stored webhook events, which two instances applied side by side and collided on. Leases held at
-- the upgrade are carried over; an instance still running the previous version stops sending at
-- its next renewal (its table is gone) rather than sending beside the new holder.
CREATE TABLE campaigns_leases (
  name VARCHAR(64) NOT NULL PRIMARY KEY,
  owner VARCHAR(64) NOT NULL,
  lease_until DATETIME(3) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
INSERT INTO campaigns_leases (name, owner, lease_until)
  SELECT CONCAT('account:', account_id), owner, lease_until FROM campaigns_account_leases;
DROP TABLE campaigns_account_leases;
