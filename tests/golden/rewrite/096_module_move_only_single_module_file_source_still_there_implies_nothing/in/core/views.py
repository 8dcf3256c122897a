import core.pricing

price = core.pricing.Price()
