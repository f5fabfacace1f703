"""A naive, independent reference implementation of the metrics, used only by the tests."""
