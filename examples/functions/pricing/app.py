"""Prices a list of items: `{"items": [{"price": 3, "quantity": 2}]}` gives
`{"total": 6}`."""


def handler(event, context):
    total = sum(item.get("price", 0) * item.get("quantity", 1) for item in event.get("items", []))
    return {"total": total}
