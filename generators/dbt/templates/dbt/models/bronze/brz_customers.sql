-- Bronze: the raw customers, typed and renamed, nothing dropped.
select
    cast(customer_id as integer) as customer_id,
    name as customer_name,
    email as raw_email,
    country as country_code,
    cast(signed_up_at as timestamp) as signed_up_at
from {{ source('raw', 'customers') }}
