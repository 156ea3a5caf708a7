"""Forms for subscribers: the admin's and the public's."""
