-- Silver: orders of known customers, with the customer's clean e-mail and country; refunds count as zero.
select
    o.order_id,
    o.customer_id,
    lower(trim(c.raw_email)) as customer_email,
    c.country_code,
    o.ordered_at,
    cast(o.ordered_at as date) as order_date,
    o.status,
    case when o.status = 'refunded' then 0 else o.amount end as net_amount
from {{ ref('brz_orders') }} as o
inner join {{ ref('brz_customers') }} as c on c.customer_id = o.customer_id
