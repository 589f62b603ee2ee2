-- One database per service (docs/architecture.md §1) plus the demo target database.
CREATE DATABASE gatehouse_policy;
CREATE DATABASE gatehouse_approval;
CREATE DATABASE gatehouse_audit;
CREATE DATABASE gatehouse_vault;
CREATE DATABASE demo;
