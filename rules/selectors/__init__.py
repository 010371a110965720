"""Label selectors (K11x): selectors as apimachinery reads them, and controllers and Services that use them."""
