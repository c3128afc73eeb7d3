"""CoderClaw HF Tray: Hugging Face Inference Providers for the CoderClaw gateway."""

__version__ = "0.1.0"
APP_NAME = "CoderClaw HF Tray"
