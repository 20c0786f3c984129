"""Write REFERENCE.md, the policy reference generated from the model."""

from pathlib import Path

from playbook.reference import markdown

if __name__ == "__main__":
    target = Path(__file__).resolve().parent.parent / "REFERENCE.md"
    target.write_text(markdown(), encoding="utf-8")
    print(f"wrote {target}")
