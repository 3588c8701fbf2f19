"""The demo province (`cchc demo load | logins | dossiers`): real units, the seed plans, demo accounts and
synthetic dossiers, so a new install shows something true to life. It sits on top, beside the web shell:
it calls the apps' services; no app imports it."""
