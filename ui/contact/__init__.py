"""The contact view: may this number be called now, record a call, the location script."""
