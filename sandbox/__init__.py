"""flow-sandbox: stateful local sandboxes of chatbot and flow platform APIs."""

__version__ = "0.1.0"
