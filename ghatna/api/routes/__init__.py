"""The API's routers, one module per resource, and the web pages that render the same views."""
