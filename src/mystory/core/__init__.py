"""The course's pure rules: content, answer files, checks, branding, documents. No widgets here."""
