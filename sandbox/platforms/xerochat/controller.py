"""XeroChat's CodeIgniter: the stack its endpoints read their input with, and the REST
controller that routes `/api/<method>` to them (routes.py adds the 20 endpoints; auth.py
asks it which endpoint a request reaches, to check the key where that endpoint reads it).
"""

from __future__ import annotations

from sandbox.core.stacks import codeigniter

STACK = codeigniter.Stack()
CONTROLLER = codeigniter.Controller("api")
