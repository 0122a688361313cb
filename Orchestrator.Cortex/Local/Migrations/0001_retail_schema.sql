-- The demo retail warehouse: the tables the semantic model describes.
CREATE TABLE regions (
    region_id   integer PRIMARY KEY,
    region_name text    NOT NULL UNIQUE
);

CREATE TABLE customers (
    customer_id   integer PRIMARY KEY,
    customer_name text    NOT NULL,
    email         text    NOT NULL UNIQUE,
    region_id     integer NOT NULL REFERENCES regions,
    segment       text    NOT NULL,
    signup_date   date    NOT NULL
);

CREATE TABLE products (
    product_id   integer       PRIMARY KEY,
    product_name text          NOT NULL UNIQUE,
    category     text          NOT NULL,
    unit_price   numeric(10,2) NOT NULL
);

CREATE TABLE orders (
    order_id    integer PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES customers,
    order_date  date    NOT NULL,
    status      text    NOT NULL,
    channel     text    NOT NULL
);

CREATE TABLE order_lines (
    order_line_id integer       PRIMARY KEY,
    order_id      integer       NOT NULL REFERENCES orders,
    product_id    integer       NOT NULL REFERENCES products,
    quantity      integer       NOT NULL,
    unit_price    numeric(10,2) NOT NULL,
    discount      numeric(4,2)  NOT NULL
);

CREATE TABLE returns (
    return_id     integer       PRIMARY KEY,
    order_line_id integer       NOT NULL UNIQUE REFERENCES order_lines,
    return_date   date          NOT NULL,
    reason        text          NOT NULL,
    refund_amount numeric(12,2) NOT NULL
);

CREATE INDEX orders_customer_idx ON orders (customer_id);
CREATE INDEX orders_date_idx ON orders (order_date);
CREATE INDEX order_lines_order_idx ON order_lines (order_id);
CREATE INDEX order_lines_product_idx ON order_lines (product_id);
