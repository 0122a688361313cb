using AI.Bench;

// A harness, not a test: run in Release on a quiet machine.
//   dotnet run -c Release --project bench/AI.Bench [-- <calls> <passes> <embeddings>]
var calls = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 2000;
var passes = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 15;
var embeddings = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 600;
Console.WriteLine($".NET {Environment.Version}, {Environment.ProcessorCount} cores");
await ClientOverheadBenchmark.RunAsync(calls);
Console.WriteLine();
await EventStreamBenchmark.RunAsync(passes);
Console.WriteLine();
await EmbeddingCpuBenchmark.RunAsync(embeddings);
