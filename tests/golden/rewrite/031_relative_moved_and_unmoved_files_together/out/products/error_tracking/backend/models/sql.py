TABLE = 'error_tracking'
