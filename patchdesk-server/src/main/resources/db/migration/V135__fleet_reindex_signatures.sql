-- The fleet index is rebuilt from the stored reports (FleetIndex files every completed diagnosis not indexed yet, on
-- its next round): signatures no longer hold lists of evidence (a repairable store's damaged components), and the
-- bundles of a case that name no host are one machine of the case rather than one machine per upload. Nothing else
-- refers to these rows; a machine's page address changes with its id.
DELETE FROM fleet_signatures;
DELETE FROM fleet_bundles;
DELETE FROM fleet_machines;
