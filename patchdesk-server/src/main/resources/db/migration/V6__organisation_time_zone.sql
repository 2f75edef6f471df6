-- Times in mail to a customer (templates) are written in the customer's time zone. Existing customers are in
-- China, where the desk started.
ALTER TABLE organisations ADD COLUMN time_zone VARCHAR(64) DEFAULT 'Asia/Shanghai' NOT NULL;
