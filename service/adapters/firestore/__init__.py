"""The Firestore store (production); ``google-cloud-firestore`` is imported only in here."""
