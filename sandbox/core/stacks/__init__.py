"""The vendors' web stacks, each expressed once: how its framework reads a request's
input, which leniencies its fields have, and how it words a refusal.

- `laravel`: PHP Laravel's `$request->input()` and validation rules (Flochat).
- `drf`: Django REST framework's parsers, serializer fields and (`drf_pagination`)
  cursor pagination (RapidPro).
- `express`: Node Express with body-parser (Flow XO, FlowBot).
- `codeigniter`: PHP CodeIgniter 3's `$_GET` / `$_POST` and URI rules (XeroChat).

A platform builds its stack with its own error class (the stack raises it, the
platform's renderer answers it) and hands it to its `OperationBlueprint`.
"""
