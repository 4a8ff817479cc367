"""The contracts part of the public API (docs §13), one module per resource; `portal/api_urls.py` routes to them."""
