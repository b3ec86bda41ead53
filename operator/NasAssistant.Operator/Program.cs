return NasAssistant.Operator.Cli.OperatorCommandLine.Run(args, Console.Out, Console.Error);
