-- Schema baseline. Feature migrations follow from V2.
CREATE TABLE schema_note (id INT PRIMARY KEY, note VARCHAR(200) NOT NULL);
