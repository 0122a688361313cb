-- Deterministic demo data: every value is arithmetic on generate_series, so every machine gets
-- the same rows (no random(), no hash functions whose output may change between versions).
-- 5 regions, 2,000 customers, 200 products, 25,000 orders, 100,000 order lines, returns on 3%.
INSERT INTO regions (region_id, region_name) VALUES
    (1, 'North America'), (2, 'Europe'), (3, 'Asia Pacific'), (4, 'Latin America'), (5, 'Middle East and Africa');

INSERT INTO customers (customer_id, customer_name, email, region_id, segment, signup_date)
SELECT i,
       (ARRAY['Avery','Blake','Casey','Devon','Emery','Finley','Harper','Jordan','Kendall','Logan',
              'Morgan','Parker','Quinn','Reese','Rowan','Sawyer','Taylor','Skyler','Dakota','Hayden'])[1 + i % 20]
       || ' ' ||
       (ARRAY['Abbott','Barnes','Castillo','Dunn','Ellison','Fischer','Garza','Holt','Ibarra','Jensen',
              'Kowalski','Lindqvist','Moreau','Nakamura','Okafor','Petrov','Quintero','Rossi','Schmidt','Tanaka',
              'Underwood','Varga','Whitfield','Xu','Yilmaz'])[1 + (i / 20) % 25],
       'customer' || i || '@example.com',
       1 + (i * 7) % 5,
       (ARRAY['Consumer','Small Business','Enterprise'])[1 + (i * 11) % 3],
       DATE '2021-01-01' + (i * 173) % 730
FROM generate_series(1, 2000) AS i;

INSERT INTO products (product_id, product_name, category, unit_price)
SELECT i,
       (ARRAY['Classic','Premium','Compact','Deluxe','Eco','Pro','Ultra','Travel','Smart','Essential'])[1 + (i - 1) % 10]
       || ' ' ||
       (ARRAY['Backpack','Headphones','Desk Lamp','Water Bottle','Running Shoes','Coffee Maker','Yoga Mat','Keyboard',
              'Office Chair','Rain Jacket','Blender','Monitor','Tent','Notebook','Speaker','Sunglasses','Watch','Kettle',
              'Camera','Cookware Set'])[1 + (i - 1) / 10],
       (ARRAY['Bags','Electronics','Home','Outdoors','Footwear','Kitchen','Fitness','Electronics','Furniture','Apparel',
              'Kitchen','Electronics','Outdoors','Office','Electronics','Apparel','Accessories','Kitchen','Electronics','Kitchen'])[1 + (i - 1) / 10],
       round(5 + ((i * 7907) % 49500) / 100.0, 2)
FROM generate_series(1, 200) AS i;

INSERT INTO orders (order_id, customer_id, order_date, status, channel)
SELECT i,
       1 + (i * 7919) % 2000,
       DATE '2023-01-01' + (i * 37) % 731,
       CASE WHEN i % 50 = 0 THEN 'cancelled' WHEN i % 17 = 0 THEN 'shipped' ELSE 'delivered' END,
       (ARRAY['web','mobile','store','marketplace'])[1 + (i * 13) % 4]
FROM generate_series(1, 25000) AS i;

INSERT INTO order_lines (order_line_id, order_id, product_id, quantity, unit_price, discount)
SELECT l,
       1 + (l - 1) / 4,
       1 + (l::bigint * 104729) % 200,
       1 + (l * 13) % 5,
       p.unit_price,
       CASE WHEN l % 10 = 0 THEN 0.10 WHEN l % 25 = 0 THEN 0.20 ELSE 0 END
FROM generate_series(1, 100000) AS l
JOIN products p ON p.product_id = 1 + (l::bigint * 104729) % 200;

INSERT INTO returns (return_id, order_line_id, return_date, reason, refund_amount)
SELECT row_number() OVER (ORDER BY ol.order_line_id),
       ol.order_line_id,
       o.order_date + 3 + ol.order_line_id % 25,
       (ARRAY['damaged','wrong size','not as described','changed mind','late delivery'])[1 + ol.order_line_id % 5],
       round(ol.quantity * ol.unit_price * (1 - ol.discount), 2)
FROM order_lines ol
JOIN orders o ON o.order_id = ol.order_id
WHERE ol.order_line_id % 33 = 0;

ANALYZE;
