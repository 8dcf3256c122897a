import products.pricing

price = products.pricing.Price()
