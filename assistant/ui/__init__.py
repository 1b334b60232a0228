"""The web app's pieces that are not Gradio wiring: its text in both languages, its CSS and
scripts, and the launch checks. app.py builds the Blocks from them."""
