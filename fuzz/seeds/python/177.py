# Pure helpers: nothing here waits on the network.
from decimal import ROUND_HALF_UP, Decimal

VAT = Decimal("0.19")


def with_vat(net):
    return (Decimal(net) * (1 + VAT)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def discount(total, code):
    return total * Decimal("0.9") if code == "WELCOME10" else total
