"""Database infrastructure shared by the apps (vendor-aware bulk SQL); no app's tables or rules."""
