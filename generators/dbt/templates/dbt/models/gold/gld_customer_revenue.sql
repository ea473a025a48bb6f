-- Gold: revenue per customer, every customer listed (zero when nothing was bought).
select
    c.customer_id,
    c.customer_name,
    count(o.order_id) filter (where o.status = 'completed') as completed_orders,
    coalesce(sum(o.net_amount), 0) as revenue
from {{ ref('brz_customers') }} as c
left join {{ ref('slv_orders') }} as o on o.customer_id = c.customer_id
group by c.customer_id, c.customer_name
