"""What happens to every request to a platform besides the vendor's own handling: it is
identified (workspace, operation), may be steered (fault rules, vendor throttling) and is
recorded (the request journal).

    exchange.py    `Exchange`: one request and its answer, as the parts below see it
    operations.py  which documented operation a request matched (operationId, path)
    observe.py     the hooks that build an exchange around every request of a platform app
    install.py     which parts a sandbox gets (journal, faults, throttling), in their order
    wire.py        answers cut on the wire (dropped, empty, truncated)
    faults.py      fault rules and their gate (faults_schema.py: what a rule may say;
                   faults_fixture.py: rules in fixture documents); docs/faults.md
"""
