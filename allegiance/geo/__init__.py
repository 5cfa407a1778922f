"""The offline gazetteer, place resolution and GeoNames imports."""
