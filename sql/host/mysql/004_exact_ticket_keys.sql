-- A ticket's external key is its plugin's identifier (e.g. "campaigns:entry:123"), compared byte
-- for byte: keys that differ only in case, accents or trailing spaces are different tickets. The
-- table's utf8mb4_unicode_ci compared them as equal, so a plugin's batch with "K1" and "k1" failed
-- on the unique key (createMany), and a lookup of "k1" found the ticket of "K1". VARBINARY compares
-- bytes and pads nothing (utf8mb4_bin would still ignore trailing spaces), on MariaDB and MySQL 8
-- alike, as SQLite's TEXT does. 764 bytes: the 191 characters the column held before.
ALTER TABLE tickets MODIFY external_key VARBINARY(764) NULL;
