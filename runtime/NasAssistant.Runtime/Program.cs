Console.Error.WriteLine("nas-assistant runtime: not built yet");
return 1;
