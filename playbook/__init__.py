"""playbook: a company's social-media policy, published as a guideline site."""

__version__ = "0.1.0"
