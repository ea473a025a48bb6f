-- Bronze: the raw orders, typed, nothing dropped.
select
    cast(order_id as integer) as order_id,
    cast(customer_id as integer) as customer_id,
    cast(ordered_at as timestamp) as ordered_at,
    status,
    cast(amount as numeric(12, 2)) as amount
from {{ source('raw', 'orders') }}
