"""Statistics: rule sets, daily values from hourly data, period values and the figures object."""
