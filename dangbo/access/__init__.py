"""Who may see what: roles and their capabilities (`roles`), accounts with hashed passwords, throttled
sign-in and identity mapping (`accounts`), and the append-only audit log (`audit`). No Streamlit
here; the query layer applies an account's grant (`dangbo.query.scope.Grant`)."""
