"""Project records written in Word (.docx), converted with mammoth into content records."""
