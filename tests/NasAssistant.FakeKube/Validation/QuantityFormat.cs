namespace NasAssistant.FakeKube.Validation;

/// <summary>The three ways a quantity is written, remembered from parsing and used when printing it.</summary>
internal enum QuantityFormat
{
    /// <summary>12e6.</summary>
    DecimalExponent,

    /// <summary>12Mi (12 * 2^20).</summary>
    BinarySI,

    /// <summary>12M (12 * 10^6).</summary>
    DecimalSI,
}
