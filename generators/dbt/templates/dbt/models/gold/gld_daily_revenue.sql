-- Gold: revenue per day and country.
select
    order_date,
    country_code,
    count(*) as orders,
    sum(net_amount) as revenue
from {{ ref('slv_orders') }}
group by order_date, country_code
